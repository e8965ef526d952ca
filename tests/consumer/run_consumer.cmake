# Builds and runs one consumer smoke project; registered as ctest consumer.<MODE>.
#   cmake -DMODE=find_package|add_subdirectory|header_only|pkg_config|pkg_config_static -DOPSWHEEL_SOURCE_DIR=... -DOPSWHEEL_BINARY_DIR=...
#         -DOPSWHEEL_VERSION=x.y.z -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=...
#         [-DMAKE_PROGRAM=...] -DCXX_COMPILER=... [-DC_COMPILER=...] [-DBUILD_TYPE=...] [-DEXE_SUFFIX=...]
#         [-DPKG_CONFIG=...] [-DCXX_FLAGS=...] [-DC_FLAGS=...] [-DINSTALLED_PREFIX=...] -P run_consumer.cmake
# find_package:     installs the parent build tree into WORK_DIR/prefix, builds the consumer against it.
# add_subdirectory: builds the consumer with the opswheel source tree as a subdirectory.
# header_only:      builds the consumer from include/ alone, with OPSWHEEL_HEADER_ONLY defined.
# pkg_config:       installs as find_package does, then compiles CONSUMER_SOURCE_DIR/main.c with
#                   C_COMPILER and the flags `pkg-config --cflags --libs opswheel` gives.
# pkg_config_static: the same with opswheel-static, and no run path to the installed libraries,
#                   so the program runs only if it really was linked statically.
# INSTALLED_PREFIX: for find_package and pkg_config(_static), use the opswheel already installed there (by the
#                   Debian packages, scripts/check-packages) instead of installing the build tree, and
#                   give no search path: the consumer must find it, and run, where the system looks.
# Any failing step fails the test and shows that step's output.
cmake_minimum_required(VERSION 3.21)

foreach(_var IN ITEMS MODE OPSWHEEL_SOURCE_DIR OPSWHEEL_BINARY_DIR OPSWHEEL_VERSION
                      CONSUMER_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}=... is required")
  endif()
endforeach()

function(run_step _name)
  string(REPLACE ";" " " _pretty "${ARGN}")
  message(STATUS "[${MODE}] ${_name}: ${_pretty}")
  execute_process(COMMAND ${ARGN}
                  RESULT_VARIABLE _rc
                  OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _out)  # same variable: stdout and stderr merged in order
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "[${MODE}] ${_name} failed (${_rc}):\n${_pretty}\n${_out}")
  endif()
  set(step_output "${_out}" PARENT_SCOPE)
endfunction()

set(_build_dir "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(_configure_args -S "${CONSUMER_SOURCE_DIR}" -B "${_build_dir}" -G "${GENERATOR}"
                    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
if(C_COMPILER)
  list(APPEND _configure_args "-DCMAKE_C_COMPILER=${C_COMPILER}")
endif()
# The parent's compile flags (e.g. the asan preset's -fsanitize=...): its libraries need them at link.
list(APPEND _configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_C_FLAGS=${C_FLAGS}")
separate_arguments(_c_flags UNIX_COMMAND "${C_FLAGS}")
set(_config_flag)  # for --build / --install
if(BUILD_TYPE)
  list(APPEND _configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
  set(_config_flag --config "${BUILD_TYPE}")
endif()
if(MAKE_PROGRAM)
  list(APPEND _configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

# find_package and pkg_config use an installed opswheel: INSTALLED_PREFIX's, or the build tree's,
# installed here into WORK_DIR/prefix.
if(MODE MATCHES "^(find_package|pkg_config|pkg_config_static)$")
  if(INSTALLED_PREFIX)
    set(_prefix "${INSTALLED_PREFIX}")
  else()
    set(_prefix "${WORK_DIR}/prefix")
    run_step(install "${CMAKE_COMMAND}" --install "${OPSWHEEL_BINARY_DIR}" --prefix "${_prefix}"
             ${_config_flag})
  endif()
endif()

if(MODE STREQUAL "find_package")
  if(NOT INSTALLED_PREFIX)
    list(APPEND _configure_args "-DCMAKE_PREFIX_PATH=${_prefix}")
  endif()
  run_step(configure "${CMAKE_COMMAND}" ${_configure_args}
           -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  # Make sure the consumer really found the fresh install, not some other opswheel.
  file(STRINGS "${_build_dir}/CMakeCache.txt" _found REGEX "^opswheel_DIR:")
  string(REGEX REPLACE "^opswheel_DIR:[A-Z]+=" "" _found "${_found}")
  cmake_path(IS_PREFIX _prefix "${_found}" NORMALIZE _inside)
  if(NOT _inside)
    message(FATAL_ERROR "[${MODE}] found opswheel in '${_found}', expected under '${_prefix}'")
  endif()
elseif(MODE MATCHES "^pkg_config(_static)?$")
  set(_package opswheel)
  set(_rpath)
  if(MODE STREQUAL "pkg_config_static")
    set(_package opswheel-static)
  endif()
  if(NOT INSTALLED_PREFIX)
    file(GLOB_RECURSE _pc "${_prefix}/*/${_package}.pc")
    if(NOT _pc)
      message(FATAL_ERROR "[${MODE}] no ${_package}.pc installed under ${_prefix}")
    endif()
    cmake_path(GET _pc PARENT_PATH _pc_dir)
    set(ENV{PKG_CONFIG_PATH} "${_pc_dir}")
  endif()
  run_step(flags "${PKG_CONFIG}" --cflags --libs ${_package})
  separate_arguments(_flags UNIX_COMMAND "${step_output}")
  run_step(libdir "${PKG_CONFIG}" --variable=libdir ${_package})
  string(STRIP "${step_output}" _libdir)
  cmake_path(IS_PREFIX _prefix "${_libdir}" NORMALIZE _inside)
  if(NOT _inside)
    message(FATAL_ERROR "[${MODE}] pkg-config's ${_package} has its libraries in '${_libdir}', expected under '${_prefix}'")
  endif()
  if(MODE STREQUAL "pkg_config" AND NOT INSTALLED_PREFIX)
    set(_rpath "-Wl,-rpath,${_libdir}")
  endif()
  file(MAKE_DIRECTORY "${_build_dir}")
  run_step(build "${C_COMPILER}" ${_c_flags} -std=c99 -pedantic -Wall -Wextra -Werror
           "${CONSUMER_SOURCE_DIR}/main.c" -o "${_build_dir}/consumer${EXE_SUFFIX}" ${_flags} ${_rpath})
elseif(MODE STREQUAL "add_subdirectory" OR MODE STREQUAL "header_only")
  run_step(configure "${CMAKE_COMMAND}" ${_configure_args}
           "-DOPSWHEEL_SOURCE_DIR=${OPSWHEEL_SOURCE_DIR}")
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()

if(NOT MODE MATCHES "^pkg_config")
  run_step(build "${CMAKE_COMMAND}" --build "${_build_dir}" ${_config_flag})
endif()

set(_exe "${_build_dir}/consumer${EXE_SUFFIX}")
if(NOT EXISTS "${_exe}" AND BUILD_TYPE)  # multi-config generators
  set(_exe "${_build_dir}/${BUILD_TYPE}/consumer${EXE_SUFFIX}")
endif()
run_step(run "${_exe}")
message(STATUS "[${MODE}] consumer says:\n${step_output}")
string(FIND "${step_output}" "opswheel ${OPSWHEEL_VERSION}" _pos)
if(_pos EQUAL -1)
  message(FATAL_ERROR "[${MODE}] consumer did not report version ${OPSWHEEL_VERSION}")
endif()
