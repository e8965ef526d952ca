# The C library's ABI against the stored baseline abi/opswheel_c.abi (libabigail).
#   cmake -DMODE=check|refresh -DLIBRARY=<libopswheel_c.so> -DBASELINE=<abi/opswheel_c.abi>
#         -DHEADERS=<opswheel.h;version.h, absolute paths> -DABIDW=... -DABIDIFF=... -P abi.cmake
# refresh: writes the library's ABI as the new baseline (do it at a release; docs/c-api.md).
# check:   fails when the library lost or changed anything the baseline has; additions pass.
# The headers restrict the ABI to the types opswheel.h defines (the handles' private layouts and
# the C++ types behind them stay out). They must be given as the same absolute paths the
# compiler saw, which is how libabigail matches a type to its header.
cmake_minimum_required(VERSION 3.21)
foreach(_var IN ITEMS MODE LIBRARY BASELINE HEADERS)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "abi.cmake: -D${_var}=... is required")
  endif()
endforeach()

if(MODE STREQUAL "refresh")
  set(_headers)
  foreach(_h IN LISTS HEADERS)
    list(APPEND _headers --header-file "${_h}")
  endforeach()
  execute_process(
    COMMAND "${ABIDW}" --exported-interfaces-only --drop-private-types ${_headers}
            --no-show-locs --no-corpus-path --no-comp-dir-path --type-id-style hash
            --out-file "${BASELINE}" "${LIBRARY}"
    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "abidw failed (${_rc}): ${_err}")
  endif()
  message(STATUS "wrote ${BASELINE}")
  return()
elseif(NOT MODE STREQUAL "check")
  message(FATAL_ERROR "abi.cmake: unknown MODE '${MODE}'")
endif()

set(_headers)
foreach(_h IN LISTS HEADERS)
  list(APPEND _headers --hf2 "${_h}")
endforeach()
execute_process(
  COMMAND "${ABIDIFF}" --exported-interfaces-only --drop-private-types ${_headers} "${BASELINE}" "${LIBRARY}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _report ERROR_VARIABLE _report)
message(STATUS "abidiff ${BASELINE} ${LIBRARY}: exit ${_rc}\n${_report}")
# abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change, 8 incompatible
# change. A changed parameter type or enumerator value is only "4", so a change is judged from
# the report: anything removed or changed fails, added functions and enumerators pass.
if(NOT _rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "abidiff did not run: ${_rc}")
endif()
math(EXPR _tool_error "${_rc} & 3")
math(EXPR _incompatible "${_rc} & 8")
if(_tool_error)
  message(FATAL_ERROR "abidiff failed to compare (exit ${_rc}); is the library built with debug information?")
endif()
if(_incompatible)
  message(FATAL_ERROR "INCOMPATIBLE ABI CHANGE against the baseline (see the report above)")
endif()
string(REGEX MATCHALL "(Functions|Variables) changes summary: [0-9]+ Removed, [0-9]+ Changed" _summaries "${_report}")
foreach(_summary IN LISTS _summaries)
  if(NOT _summary MATCHES ": 0 Removed, 0 Changed$")
    message(FATAL_ERROR "ABI CHANGE against the baseline: ${_summary} (only additions are allowed; see above)")
  endif()
endforeach()
if(_rc EQUAL 4 AND NOT _summaries)
  message(FATAL_ERROR "abidiff reported a change but no summary this script understands")
endif()
message(STATUS "ABI compatible with the baseline")
