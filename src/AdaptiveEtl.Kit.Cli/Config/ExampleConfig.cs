namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>The commented example <c>kit.yaml</c> that <c>kit init</c> writes; it runs as-is against the sample folder.</summary>
public static class ExampleConfig
{
    /// <summary>The example text, with <paramref name="samples"/> (relative to the config's folder, '/'-separated) as the data folder.</summary>
    public static string Text(string samples) => Template.Replace("@SAMPLES@", samples, StringComparison.Ordinal);

    private const string Template = """
        # kit.yaml — what `kit run --config kit.yaml` reads. Written by `kit init`; edit it to point at your own data.
        # Relative paths are resolved against this file's folder. Flags override the file: --work, --report,
        # --max-history, --fail-on-drift. JSON with the same keys works too. Unknown keys are errors.

        work: work                  # folder for history.duckdb, lineage.duckdb and the report
        # report: work/report.html  # default: <work>/report.html
        fail_on_drift: false        # true: exit code 3 when a drift dataset drifts (same as --fail-on-drift)

        # Run history of your pipelines: one source or a list, imported (upserted by pipeline, run_id) into the work
        # folder's store. Columns as in data-samples/etl_runs.csv: run_id, pipeline, trigger_time, start_time, end_time,
        # rows_in, bytes_in, file_count, schema_version, schema_hash[, ingestion_rate_rps, outcome].
        history:
          runs:
            - @SAMPLES@/etl_runs.csv
            # - {parquet: runs.parquet}
            # - {duckdb: warehouse.duckdb, table: ops.etl_runs}
            # - {postgres: "Host=db;Username=kit;Password=...;Database=ops", table: public.etl_runs}
          # pipelines: [orders_daily, partner_feed]   # default: every pipeline in the history
          holidays: @SAMPLES@/holidays.csv         # optional calendar (date,name)
          max_runs: 400                              # most recent runs per pipeline used for prediction

        # Drift checks: each compares a current batch with a reference batch. Sources: a .csv/.parquet path, or
        # {csv: path} | {parquet: path} | {duckdb: file, table: name} | {postgres: connection string, table: name}.
        drift:
          - name: customer
            reference: @SAMPLES@/customers_reference.csv
            current: @SAMPLES@/customers_drifted.csv
            columns:                  # column roles (all optional)
              id: [customer_id]       # never tested for drift; other ids (unique keys, *_id) are inferred
              target: churned         # tested and labelled as the target
              # timestamp: signup_date  # the event-time column: not tested
              # ignored: [email]        # left out of the comparison
              # infer_ids: true

        # Column-level lineage from query logs (columns as in data-samples/query_log.csv) and a catalog
        # ({"table": {"column": "type"}}) that expands * and lists never-read columns.
        lineage:
          query_log: @SAMPLES@/query_log.csv     # or a list of logs
          catalog: @SAMPLES@/warehouse_catalog.json

        # Schema recommendations (as `kit schema recommend`) for tables whose query families are predicted to degrade.
        # schema:
        #   workload_log: @SAMPLES@/workload_log.csv
        #   access_log: @SAMPLES@/access_log.jsonl
        #   catalog: @SAMPLES@/star_catalog.json
        #   profiles: @SAMPLES@/profile_history.json
        #   min_risk: 0.5
        #   threshold: 4

        # The proactive loop. `kit run` replays the last recorded triggers of each pipeline through it (virtual time,
        # simulated source) and reports trigger→data-ready against a reactive run; `kit watch --config kit.yaml` runs
        # it live on the pipelines listed here: pre-fetch new landing-zone files into <work>/staging.duckdb before the
        # predicted window, publish into the target table when <source>/<pipeline>.trigger appears.
        proactive:
          replay_triggers: 6          # 0: no replay section in the report
          # pipelines:
          #   - name: orders_hourly     # as named in the run history
          #     source: landing/orders  # folder of CSV, Parquet or JSON lines files
          #     target: orders          # staging table (default: the pipeline's name)

        # OpenLineage events of each `kit run` (START, then COMPLETE, FAIL or ABORT; inputs, outputs, column lineage):
        # to an HTTP backend (Marquez, DataHub: POST <url>/api/v1/lineage) or appended to a JSON-lines file.
        # openlineage:
        #   url: http://localhost:5000     # or: file: work/openlineage.jsonl
        #   # api_key: ...                 # default: $OPENLINEAGE_API_KEY
        #   # namespace: adaptive-etl-kit

        """;
}
