# SPDX-License-Identifier: GPL-2.0-or-later
# The "toolchain" of the nkipc SDK, as the KOS SDK's toolchain file:
#   cmake -B build -DCMAKE_TOOLCHAIN_FILE=<nkipc>/cmake/nkipc/toolchain.cmake SRC
# The compiler is the host's (x86-64 Linux); an unchanged KOS CE tree then
# finds include(platform), platform/nk, platform/image and find_package(ns).
include("${CMAKE_CURRENT_LIST_DIR}/nkipc-setup.cmake")
# try_compile projects read the toolchain file again: pass the paths on
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CMAKE_MODULE_PATH CMAKE_PREFIX_PATH)
