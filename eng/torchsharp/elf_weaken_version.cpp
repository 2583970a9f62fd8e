// Marks one version requirement of an ELF64 shared library as weak (VER_FLG_WEAK in its Vernaux entry of
// .gnu.version_r), so that the dynamic loader no longer refuses the library when the providing library lacks that
// version (it still binds the symbols to any definition it finds, e.g. the shim of ios_base_init_shim.cpp).
// No served tool does this: patchelf can add DT_NEEDED entries but cannot change version-requirement flags.
// Reference: System V ABI / LSB Core Spec, "Symbol Versioning" (Elfxx_Verneed, Elfxx_Vernaux; vna_flags at offset 4).
// Usage: elf_weaken_version <file.so> <VERSION_NAME>   exit 0: patched or already weak; 3: version not required.
#include <elf.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) { std::cerr << "usage: " << argv[0] << " <file.so> <VERSION_NAME>\n"; return 2; }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) { std::cerr << "cannot read " << argv[1] << "\n"; return 2; }
    std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    if (f.size() < sizeof(Elf64_Ehdr) || memcmp(f.data(), ELFMAG, SELFMAG) != 0 || f[EI_CLASS] != ELFCLASS64) {
        std::cerr << argv[1] << ": not an ELF64 file\n"; return 2;
    }
    auto* eh = reinterpret_cast<Elf64_Ehdr*>(f.data());
    auto* sh = reinterpret_cast<Elf64_Shdr*>(f.data() + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        const char* strtab = reinterpret_cast<const char*>(f.data() + sh[sh[i].sh_link].sh_offset);
        size_t off = sh[i].sh_offset;
        for (unsigned n = 0; n < sh[i].sh_info; n++) {
            auto* vn = reinterpret_cast<Elf64_Verneed*>(f.data() + off);
            size_t aoff = off + vn->vn_aux;
            for (unsigned a = 0; a < vn->vn_cnt; a++) {
                auto* aux = reinterpret_cast<Elf64_Vernaux*>(f.data() + aoff);
                if (strcmp(strtab + aux->vna_name, argv[2]) == 0) {
                    if (aux->vna_flags & VER_FLG_WEAK) { std::cout << "already weak\n"; return 0; }
                    aux->vna_flags |= VER_FLG_WEAK;
                    std::string tmp = std::string(argv[1]) + ".weaken-tmp";
                    std::ofstream out(tmp, std::ios::binary);
                    out.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
                    out.close();
                    if (!out || std::rename(tmp.c_str(), argv[1]) != 0) { std::cerr << "cannot write " << argv[1] << "\n"; return 2; }
                    std::cout << "marked " << argv[2] << " weak\n";
                    return 0;
                }
                aoff += aux->vna_next;
            }
            off += vn->vn_next;
        }
    }
    std::cerr << argv[1] << " does not require " << argv[2] << "\n";
    return 3;
}
