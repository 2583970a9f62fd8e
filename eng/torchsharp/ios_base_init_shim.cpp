// Provides std::ios_base_library_init() (mangled _ZSt21ios_base_library_initv) for systems whose libstdc++ predates
// GCC 13 (Debian 12, Ubuntu 22.04). GCC 13 emits a reference to this function from every translation unit that includes
// <iostream>, in place of the static std::ios_base::Init object older compilers emitted; TorchSharp 0.107's
// libLibTorchSharp.so was built with GCC 13 and needs it (versioned GLIBCXX_3.4.32). Constructing one static
// std::ios_base::Init here does what GCC 12's <iostream> does: it initialises the standard streams once.
// Built and attached by eng/patch-torchsharp.sh only where the system libstdc++ lacks GLIBCXX_3.4.32.
#include <ios>

namespace std {
void ios_base_library_init() {
    static ios_base::Init init;
}
}  // namespace std
