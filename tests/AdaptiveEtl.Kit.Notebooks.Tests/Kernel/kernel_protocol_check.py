"""Drives the kit's Jupyter kernel with jupyter_client (a real Jupyter client) and prints what it observed as JSON.

Usage: python3 kernel_protocol_check.py KERNEL_NAME COMPLETION_CODE EXPECTED_MEMBER[,MEMBER...]
The kernelspec must be findable (JUPYTER_PATH). KernelProtocolTests.cs asserts on the printed JSON; this script only
records observations (it asserts nothing), so a failure names the exact protocol detail that differed.
"""
import json
import os
import queue
import sys
import tempfile
import time

import zmq

from jupyter_client import KernelManager

TIMEOUT = 60


def main():
    kernel_name, completion_code, _members = sys.argv[1], sys.argv[2], sys.argv[3]
    completion_setup = sys.argv[4] if len(sys.argv) > 4 else ""
    report = {}
    stderr_path = os.path.join(tempfile.mkdtemp(prefix="kit-kernel-"), "kernel-stderr.txt")
    stderr_file = open(stderr_path, "w")
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(stderr=stderr_file)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        wait_for_iopub(kc)
        observe(kc, km, report, completion_code, completion_setup)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
        stderr_file.close()
        with open(stderr_path) as f:
            report["kernel_stderr"] = f.read()
    shutdown_during_blocked_cell(kernel_name, report)
    print(json.dumps(report))


def collect(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages parented to msg_id up to and including status idle, with arrival times."""
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        # "t": when the kernel sent it (header date), comparable with the reply's "_t"
        out.append({"type": msg["msg_type"], "content": msg["content"], "t": msg["header"]["date"].timestamp()})
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
    raise TimeoutError(f"no idle status for {msg_id}")


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id:
            msg["content"]["_t"] = msg["header"]["date"].timestamp()
            return msg["content"]
    raise TimeoutError(f"no reply for {msg_id}")


def wait_for_iopub(kc):
    """After a (re)start the SUB socket connects to the new kernel's PUB socket; messages published before that are lost
    (ZeroMQ's slow joiner). Probe with kernel_info until its status messages arrive."""
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        msg_id = kc.kernel_info()
        shell_reply(kc, msg_id)
        try:
            collect(kc, msg_id, timeout=1)
            return
        except TimeoutError:
            continue
    raise TimeoutError("IOPub did not reconnect after the restart")


def execute(kc, code, **kwargs):
    msg_id = kc.execute(code, **kwargs)
    reply = shell_reply(kc, msg_id)
    iopub = collect(kc, msg_id)
    return reply, iopub


def simplify(iopub):
    return [{k: v for k, v in m.items() if k != "t"} for m in iopub]


def observe(kc, km, report, completion_code, completion_setup):
    # kernel_info (also shows that busy/idle surround it)
    msg_id = kc.kernel_info()
    report["kernel_info"] = shell_reply(kc, msg_id)
    report["kernel_info_iopub"] = simplify(collect(kc, msg_id))

    # state across cells and execution counts
    r1, io1 = execute(kc, "var counter = 41;")
    r2, io2 = execute(kc, "counter + 1")
    report["state"] = {"first_reply": r1, "second_reply": r2, "second_iopub": simplify(io2)}

    # stream order across stdout/stderr, and progress arriving while the cell still runs
    r, io = execute(kc, 'Console.WriteLine("one"); Console.Error.WriteLine("two"); Console.WriteLine("three");')
    report["streams"] = [m["content"] for m in io if m["type"] == "stream"]
    r, io = execute(kc, 'Console.WriteLine("early"); System.Threading.Thread.Sleep(1500); Console.WriteLine("late");')
    early = [m["t"] for m in io if m["type"] == "stream" and "early" in m["content"]["text"]]
    # seconds between the kernel sending "early" and sending the reply (about 1.5 when output is streamed as written)
    report["progress"] = {"early_before_reply_seconds": (r["_t"] - early[0]) if early else None,
                          "texts": "".join(m["content"]["text"] for m in io if m["type"] == "stream")}

    # display + update_display, rich html
    r, io = execute(kc, 'var handle = display("first"); handle.Update("second"); display("<b>bold</b>", "text/html");')
    report["display"] = {"reply": r, "iopub": simplify(io)}

    # errors: runtime exception and compile error
    r, io = execute(kc, 'throw new InvalidOperationException("boom");')
    report["runtime_error"] = {"reply": r, "iopub": simplify(io)}
    r, io = execute(kc, 'int wrong = "text";')
    report["compile_error"] = {"reply": r, "iopub": simplify(io)}

    # stop_on_error: queued requests after a failing cell are aborted, later ones run
    ids = [kc.execute('System.Threading.Thread.Sleep(500); throw new Exception("first fails");'),
           kc.execute('counter = 1000;'),
           kc.execute('counter = 2000;')]
    report["stop_on_error"] = [shell_reply(kc, i)["status"] for i in ids]
    for i in ids:
        collect(kc, i)
    r, io = execute(kc, "counter")
    report["after_abort"] = [m["content"] for m in io if m["type"] == "execute_result"]

    # silent execution: no output, count unchanged, state kept
    before = execute(kc, "1")[0]["execution_count"]
    r, io = execute(kc, 'var hidden = 5; Console.WriteLine("hidden-output"); hidden', silent=True)
    report["silent"] = {"reply": r, "iopub_types": [m["type"] for m in io], "count_before": before}
    r, io = execute(kc, "hidden * 2")
    report["silent"]["next_reply"] = r
    report["silent"]["next_result"] = [m["content"] for m in io if m["type"] == "execute_result"]

    # completion (after a set-up cell, e.g. one that references the kit and creates `kit`)
    if completion_setup:
        r, io = execute(kc, completion_setup)
        report["completion_setup"] = r
    msg_id = kc.complete(completion_code, len(completion_code))
    report["complete"] = shell_reply(kc, msg_id)
    collect(kc, msg_id)

    # inspection
    code = 'Console.WriteLine("x");'
    msg_id = kc.inspect(code, code.index("WriteLine") + 3)
    report["inspect"] = shell_reply(kc, msg_id)
    collect(kc, msg_id)

    # is_complete
    report["is_complete"] = {}
    for label, code in [("complete", "var a = 1;"), ("incomplete", "for (var i = 0; i < 3; i++)\n{"), ("invalid", "var a = 1; }")]:
        msg_id = kc.is_complete(code)
        report["is_complete"][label] = shell_reply(kc, msg_id)
        collect(kc, msg_id)

    # history and comms
    msg_id = kc.history(hist_access_type="tail", n=100, output=False, raw=True)
    report["history"] = shell_reply(kc, msg_id)
    collect(kc, msg_id)
    msg_id = kc.comm_info()
    report["comm_info"] = shell_reply(kc, msg_id)
    collect(kc, msg_id)
    comm_msg = kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(comm_msg)
    report["comm_open_iopub"] = simplify(collect(kc, comm_msg["header"]["msg_id"]))

    # interrupt an infinite loop; the earlier variables survive
    msg_id = kc.execute("while (true) { }")
    time.sleep(1.5)
    t0 = time.time()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id)
    report["interrupt"] = {"reply": reply, "seconds": time.time() - t0}
    collect(kc, msg_id)
    r, io = execute(kc, "counter + hidden")
    report["interrupt"]["after"] = [m["content"] for m in io if m["type"] == "execute_result"]

    # a message with a bad signature gets no reply; the kernel keeps serving
    bad = kc.session.msg("kernel_info_request", {})
    frames = kc.session.serialize(bad)
    frames[1] = b"0" * 64
    kc.shell_channel.socket.send_multipart(frames)
    try:
        kc.get_shell_msg(timeout=2)
        report["bad_signature_replied"] = True
    except queue.Empty:
        report["bad_signature_replied"] = False
    msg_id = kc.kernel_info()
    report["alive_after_bad_signature"] = shell_reply(kc, msg_id)["status"]
    collect(kc, msg_id)

    # shutdown_request on the control channel (a plain synchronous DEALER socket: jupyter_client 7's control channel
    # is asynchronous): the reply comes back, then the process exits by itself
    # restart through jupyter_client: the kernel exits on shutdown_request(restart=True), the manager starts a fresh one
    t0 = time.time()
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    wait_for_iopub(kc)
    old, _ = execute(kc, "counter")
    fresh, io = execute(kc, "var fresh = 1; fresh")
    report["restart"] = {"seconds": time.time() - t0, "old_variable_status": old["status"], "old_variable_error": old.get("evalue"),
                         "fresh_reply": fresh, "fresh_result": [m["content"] for m in io if m["type"] == "execute_result"]}

    report["shutdown"] = shutdown(kc, km)


def shutdown(kc, km):
    info = km.get_connection_info()
    context = zmq.Context.instance()
    control = context.socket(zmq.DEALER)
    control.linger = 0
    control.connect(f"{info['transport']}://{info['ip']}:{info['control_port']}")
    request = kc.session.msg("shutdown_request", {"restart": False})
    control.send_multipart(kc.session.serialize(request))
    reply = None
    if control.poll(TIMEOUT * 1000):
        _, frames = kc.session.feed_identities(control.recv_multipart())
        msg = kc.session.deserialize(frames)
        if msg["parent_header"].get("msg_id") == request["header"]["msg_id"]:
            reply = msg["content"]
    control.close()
    t0 = time.time()
    while km.is_alive() and time.time() - t0 < 20:
        time.sleep(0.1)
    return {"reply": reply, "exited": not km.is_alive(), "seconds_to_exit": time.time() - t0}


def shutdown_during_blocked_cell(kernel_name, report):
    """A cell blocked where cancellation cannot reach (Thread.Sleep) must not keep the process alive after shutdown."""
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        kc.execute("System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);")
        time.sleep(1)
        report["shutdown_blocked_cell"] = shutdown(kc, km)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
