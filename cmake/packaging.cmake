# The Debian packages of an install (CPack's DEB generator), made by `cpack --preset package` from
# the `package` preset's build (docs/testing.md, scripts/check-packages). One package per install
# component (CMakeLists.txt):
#   libopswheel-c<SOVERSION>  runtime  the shared C library, libopswheel_c.so.<SOVERSION>
#   libopswheel-dev           dev      headers, static libraries, the CMake package, opswheel.pc
#   opswheel                  cli      the opswheel command
# Their version is the project's, so include/opswheel/version.h's. What they depend on: the
# packages of the shared libraries their binaries load, found by dpkg-shlibdeps; for the -dev
# package, the -dev packages that opswheelConfig.cmake's find_dependency calls and opswheel.pc's
# Requires.private look for.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME opswheel)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "opswheel maintainers")
# Each package's synopsis is the project's description (CPack's default summary); the
# CPACK_DEBIAN_<component>_DESCRIPTION below is the text under it.
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
# Exactly where the install rules put things: the `package` preset installs into /usr, where
# GNUInstallDirs chooses the multiarch library directory (lib/x86_64-linux-gnu).
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(TARGET opswheel_c OR BUILD_SHARED_LIBS)
  list(APPEND CPACK_COMPONENTS_ALL runtime)
  set(CPACK_COMPONENT_DEV_DEPENDS runtime)  # the -dev package's library links point into it
endif()
if(TARGET opswheel_cli)
  list(APPEND CPACK_COMPONENTS_ALL cli)
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)  # the runtime package's shlibs file, and ldconfig's trigger
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # as Debian ships binaries: without their debugging information

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME "libopswheel-c${PROJECT_VERSION_MAJOR}")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "The C library: libopswheel_c, the stable C API of opswheel (opswheel.h).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libopswheel-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(_opswheel_dev_depends "libboost-random-dev (>= 1.74)")  # with BoostConfig.cmake
if(OPSWHEEL_WITH_PERSIST)
  string(APPEND _opswheel_dev_depends ", libsqlite3-dev, libssl-dev")
endif()
if(OPSWHEEL_HAS_POSTGRES)
  string(APPEND _opswheel_dev_depends ", libpq-dev")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${_opswheel_dev_depends}")
set(CPACK_DEBIAN_DEV_DESCRIPTION "The development files: the C++ library (headers; libopswheel and libopswheel_persist, static), the C API (opswheel.h,
libopswheel_c), the CMake package (find_package(opswheel)) and opswheel.pc for pkg-config.")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME opswheel)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_DESCRIPTION "The command: opswheel runs the weekly operations review on a SQLite file or a PostgreSQL database.")

include(CPack)
