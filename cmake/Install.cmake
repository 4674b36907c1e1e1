# `cmake --install build --prefix <dir>` and `make package` (CPack, DEB).
#
# Layout under the prefix:
#   bin/leakhound                        the driver
#   lib/leakhound/libleakhound-tidy.so   the clang-tidy 19 plugin (private to
#                                        leakhound: a plugin, not a library
#                                        anyone links, so not in lib/ itself)
#   share/doc/leakhound/                 README.md, the user guide, checks/...
#   share/leakhound/pre-commit-hooks.yaml  the hook manifest, for a
#                                        `repo: local` hook (docs/user-guide.md)
#
# The driver finds clang's resource directory (stddef.h, ...) at the absolute
# path baked in at configure time (LEAKHOUND_RESOURCE_DIR), never relative to
# its own location, so it works from any prefix as long as that directory
# exists: the package depends on libclang-common-19-dev, which holds it.
install(TARGETS leakhound RUNTIME DESTINATION bin)
install(TARGETS leakhound-tidy LIBRARY DESTINATION lib/leakhound)
install(FILES README.md DESTINATION share/doc/leakhound)
install(DIRECTORY docs/ DESTINATION share/doc/leakhound)
install(FILES .pre-commit-hooks.yaml DESTINATION share/leakhound
        RENAME pre-commit-hooks.yaml)

# The .deb. Its Depends: what the binaries link (from dpkg-shlibdeps, which
# reads Debian's symbols files: libc6, libstdc++6, libgcc-s1, libllvm19,
# libclang-cpp19, with their minimum versions), plus what they need without
# linking it: clang-tidy-19 (the executable that loads the plugin; the
# plugin's clang symbols resolve from it) and libclang-common-19-dev (the
# resource directory). Both are held to the LLVM release built against.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME leakhound)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "leakhound maintainers <leakhound@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Clang-based static analyzer for memory-leak patterns in C and C++")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "leakhound finds unfreed allocations, unbounded containers, blocked threads\n\
and retained sub-views in C and C++, as a command (parallel, cross-file,\n\
SARIF and HTML reports), a clang-tidy 19 plugin and a pre-commit hook.")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/leakhound/leakhound")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)

# Debian's version of the LLVM we build against, e.g. 1:19.1.7 (epoch kept,
# Debian revision dropped), so that a point release below it is refused.
set(LEAKHOUND_LLVM_DEB_VERSION "1:${LLVM_PACKAGE_VERSION}")
find_program(DPKG_QUERY dpkg-query)
if(DPKG_QUERY)
  execute_process(COMMAND ${DPKG_QUERY} -W -f=\${Version} clang-tidy-19
    OUTPUT_VARIABLE V RESULT_VARIABLE RC ERROR_QUIET)
  if(RC EQUAL 0 AND V MATCHES "^([0-9]+:)?([0-9.]+)")
    set(LEAKHOUND_LLVM_DEB_VERSION "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
  endif()
endif()
# libllvm19's shlibs entry carries no version; hold it to the release too.
set(LEAKHOUND_DEB_EXTRA_DEPENDS
  "clang-tidy-19 (>= ${LEAKHOUND_LLVM_DEB_VERSION}), libclang-common-19-dev (>= ${LEAKHOUND_LLVM_DEB_VERSION}), libllvm19 (>= ${LEAKHOUND_LLVM_DEB_VERSION})")
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${LEAKHOUND_DEB_EXTRA_DEPENDS}")
else()
  # Without dpkg-dev: the libraries the binaries link, written out.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libgcc-s1 (>= 3.0), libstdc++6 (>= 11), libclang-cpp19 (>= ${LEAKHOUND_LLVM_DEB_VERSION}), ${LEAKHOUND_DEB_EXTRA_DEPENDS}")
endif()
include(CPack)
