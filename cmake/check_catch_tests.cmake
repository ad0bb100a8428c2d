# Run after catch_discover_tests (POST_BUILD of a Catch2 test executable): fails the build when the
# ctest registration does not hold exactly one test per Catch2 test case. A `;` in a case name splits
# it into several ctest tests, none of which matches a case ("No test cases matched", yet "Passed").
#   cmake -DTEST_EXECUTABLE=... -DTESTS_GLOB=<binary dir>/<target>_tests-*.cmake -P check_catch_tests.cmake
execute_process(COMMAND "${TEST_EXECUTABLE}" --list-test-names-only
  OUTPUT_VARIABLE listed RESULT_VARIABLE rc)
if(rc LESS 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list-test-names-only failed: ${rc}")
endif()
# On failure the executable is removed, so that the next build links and checks it again.
function(fail)
  file(REMOVE "${TEST_EXECUTABLE}")
  message(FATAL_ERROR ${ARGN})
endfunction()
# One name per line; counted by its newline (a CMake list would split names at ';').
string(REGEX REPLACE "[^\n]" "" newlines "${listed}")
string(LENGTH "${newlines}" count)
# `;` survives neither CMake's list handling nor Catch's test spec: forbid it in names.
string(REGEX MATCHALL "[^\n]*;[^\n]*" bad "${listed}")
if(bad)
  file(REMOVE "${TEST_EXECUTABLE}")  # not fail(): its arguments would lose the ';'
  message(FATAL_ERROR "${TEST_EXECUTABLE}: Catch2 test case names may not contain a semicolon "
                      "(ctest would split them): ${bad}")
endif()
# The registration catch_discover_tests just wrote is the newest match (older ones are left behind
# when its arguments change).
file(GLOB tests_files "${TESTS_GLOB}")
set(tests_file)
set(newest 0)
foreach(f IN LISTS tests_files)
  file(TIMESTAMP "${f}" t "%s")
  if(t GREATER_EQUAL newest)
    set(newest ${t})
    set(tests_file ${f})
  endif()
endforeach()
if(NOT tests_file)
  fail("no ctest registration file matches ${TESTS_GLOB}")
endif()
# Counted on the text: the test names are bracket arguments, which a CMake list would not split.
file(READ "${tests_file}" script)
string(REGEX MATCHALL "(^|\n)add_test\\(" registered "${script}")
list(LENGTH registered n_registered)
if(NOT n_registered EQUAL count)
  fail("${tests_file}: ${n_registered} ctest tests registered, but "
       "${TEST_EXECUTABLE} lists ${count} Catch2 test cases")
endif()
