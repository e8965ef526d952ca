# ctest compile.header_only.alone: in header-only mode (OPSWHEEL_HEADER_ONLY) a header that pulls
# in implementation files must still compile as the first and only opswheel include of a file;
# cycles between a header and the implementation it includes show up only then (a policy header
# includes policy.hpp, whose factory needs every policy). Called with -DCOMPILER, -DINCLUDE_DIR,
# -DWORK_DIR and -DHEADERS (a ;-list relative to INCLUDE_DIR).
file(MAKE_DIRECTORY "${WORK_DIR}")
set(_failed)
foreach(_header IN LISTS HEADERS)
  string(REGEX REPLACE "[/.]" "_" _stem "${_header}")
  set(_source "${WORK_DIR}/${_stem}.cpp")
  file(WRITE "${_source}" "#include <${_header}>\n")
  execute_process(
    COMMAND "${COMPILER}" -std=c++20 -fsyntax-only -DOPSWHEEL_HEADER_ONLY "-I${INCLUDE_DIR}" "${_source}"
    RESULT_VARIABLE _rc ERROR_VARIABLE _errors OUTPUT_QUIET)
  if(NOT _rc EQUAL 0)
    string(SUBSTRING "${_errors}" 0 2000 _errors)
    message(STATUS "${_header} does not compile alone in header-only mode:\n${_errors}")
    list(APPEND _failed "${_header}")
  endif()
endforeach()
list(LENGTH HEADERS _count)
if(_failed)
  message(FATAL_ERROR "header-only, each header alone: these fail: ${_failed}")
endif()
message(STATUS "header-only, each header alone: ${_count} headers compile")
