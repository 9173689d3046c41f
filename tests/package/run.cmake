# SPDX-License-Identifier: MIT
# The package_consumer test: installs a build of outturn into a fresh prefix, builds the
# consumer project next to this script against it (find_package(outturn), nothing from the
# source or build tree), runs it on a model and checks each target's verdict against the CLI's.
#
#   cmake -DBUILD_DIR=<outturn build> -DWORK_DIR=<scratch folder> -DCLI=<outturn executable>
#         -DMODEL=<model.yaml> [-DGENERATOR=Ninja] [-DCXX=<compiler>] [-DCXX_FLAGS=...] -P run.cmake
cmake_minimum_required(VERSION 3.21)
foreach(v BUILD_DIR WORK_DIR CLI MODEL)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run.cmake: -D${v}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${ARGN}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

set(configure ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${build}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(GENERATOR)
  list(APPEND configure -G ${GENERATOR})
endif()
if(CXX)
  list(APPEND configure -DCMAKE_CXX_COMPILER=${CXX})
endif()
# The flags the library was built with (a sanitizer build's consumer links the runtime too).
if(CXX_FLAGS)
  list(APPEND configure "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
run("configuring the consumer" ${configure})
run("building the consumer" ${CMAKE_COMMAND} --build ${build})

find_program(consumer outturn_consumer PATHS ${build} NO_DEFAULT_PATH REQUIRED)
run("the consumer" ${consumer} ${MODEL})
set(got "${out}")

# The CLI's verdicts: the CSV table whose header starts "target,line,span,direction,target,
# forecast": name (1st field), forecast (6th), met (9th).
run("the CLI" ${CLI} run ${MODEL} -f csv)
string(REPLACE "\n" ";" rows "${out}")
set(want "")
set(in_table FALSE)
foreach(row IN LISTS rows)
  if(row MATCHES "^target,line,span,direction,target,forecast,")
    set(in_table TRUE)
  elseif(in_table AND row MATCHES "^([^,]*),[^,]*,[^,]*,[^,]*,[^,]*,([^,]*),[^,]*,[^,]*,(true|false)(,|$)")
    set(verdict met)
    if(CMAKE_MATCH_3 STREQUAL "false")
      set(verdict missed)
    endif()
    string(APPEND want "${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${verdict}\n")
  else()
    set(in_table FALSE)
  endif()
endforeach()

if(want STREQUAL "")
  message(FATAL_ERROR "no target verdicts in the CLI's output:\n${out}")
endif()
if(NOT got STREQUAL want)
  message(FATAL_ERROR "the consumer's verdicts differ from the CLI's\nconsumer:\n${got}CLI:\n${want}")
endif()
message(STATUS "installed package OK (${prefix}); verdicts as the CLI's:\n${got}")
