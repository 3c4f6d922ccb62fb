# Build speed as the tree grows.
#
# ccache (when installed; -DCIVITAS_CCACHE=OFF to bypass) caches every compile: a clean build with
# a warm cache takes seconds. The sloppiness lets it cache translation units that use precompiled
# headers.
#
# Precompiled headers (-DCIVITAS_PCH=ON): gRPC, protobuf, Abseil (and GoogleTest for tests) parsed
# once into a precompiled header that every project target reuses (REUSE_FROM: one per kind, not
# one per target); only stable third-party headers go in. Off by default because it measured
# slower here (bench/README.md, "Build time"): GCC's precompiled header of these headers is
# 150-250 MB with -g, and loading it costs each translation unit ~2 s of page faults on this
# kind of VM, about what it saves in parsing.
option(CIVITAS_PCH "Use precompiled headers for the gRPC/protobuf-heavy targets" OFF)

# Unity builds (-DCIVITAS_UNITY=OFF to compile file by file): each target's sources are compiled
# in batches of CIVITAS_UNITY_BATCH, one translation unit each, so the gRPC, protobuf, Abseil and
# GoogleTest headers are parsed once a batch instead of once a file (bench/README.md, "Build
# time"). The generated protos stay file by file (protoc's files define the same static tables).
# Names in anonymous namespaces are then shared by the files of a batch: two files of a target
# may not define the same one (a clash fails the build at once).
option(CIVITAS_UNITY "Compile each target's sources in unity batches" ON)
set(CIVITAS_UNITY_BATCH 8 CACHE STRING "Sources per unity batch")
if(CIVITAS_UNITY)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE ${CIVITAS_UNITY_BATCH})
endif()

option(CIVITAS_CCACHE "Compile through ccache when it is installed" ON)
find_program(CCACHE_PROGRAM ccache)
if(CIVITAS_CCACHE AND CCACHE_PROGRAM)
  # ccache fails the compile when its cache directory is unusable (a read-only HOME on some CI
  # runners): probe it once, and build without it rather than not at all.
  set(probe ${CMAKE_BINARY_DIR}/CMakeFiles/ccache_probe.cc)
  file(WRITE ${probe} "int civitas_ccache_probe() { return 0; }\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env CCACHE_DEPEND=1 ${CCACHE_PROGRAM}
                          ${CMAKE_CXX_COMPILER} -c ${probe} -o ${probe}.o
                  RESULT_VARIABLE ccache_probe_result OUTPUT_QUIET ERROR_VARIABLE ccache_probe_error)
  if(NOT ccache_probe_result EQUAL 0)
    message(STATUS "ccache unusable here, building without it: ${ccache_probe_error}")
    set(CCACHE_PROGRAM "")
  endif()
endif()
if(CIVITAS_CCACHE AND CCACHE_PROGRAM)
  # Depend mode: on a miss ccache takes the inputs from the compiler's own -MD output instead of
  # running the preprocessor a second time, so a cold cache costs (almost) nothing extra.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_DEPEND=1
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CCACHE_PROGRAM})
endif()

# hiredis's pkg-config adds -D_FILE_OFFSET_BITS=64 to whoever links it; a precompiled header is
# only used where the command-line macros match the ones it was built with, so every target gets
# the same definition (a no-op on 64-bit Linux, where off_t is 64 bits anyway).
add_compile_definitions(_FILE_OFFSET_BITS=64)

set(CIVITAS_PCH_HEADERS
    <algorithm> <functional> <map> <memory> <optional> <set> <string> <string_view> <thread>
    <vector>
    <absl/status/status.h> <absl/status/statusor.h> <absl/strings/str_cat.h>
    <absl/strings/str_join.h> <absl/strings/str_split.h> <absl/strings/string_view.h>
    <absl/synchronization/mutex.h> <absl/time/time.h> <absl/container/flat_hash_map.h>
    <google/protobuf/descriptor.h> <google/protobuf/message.h> <google/protobuf/util/time_util.h>
    <google/protobuf/field_mask.pb.h> <google/protobuf/timestamp.pb.h>
    <grpcpp/grpcpp.h>)
set(CIVITAS_PCH_TEST_HEADERS ${CIVITAS_PCH_HEADERS} <gmock/gmock.h> <gtest/gtest.h>)

if(CIVITAS_PCH)
  add_library(civitas_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cc)
  target_link_libraries(civitas_pch PRIVATE gRPC::grpc++ protobuf::libprotobuf absl::status
                        absl::statusor absl::strings absl::synchronization absl::time)
  target_precompile_headers(civitas_pch PRIVATE ${CIVITAS_PCH_HEADERS})

  add_library(civitas_test_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cc)
  target_link_libraries(civitas_test_pch PRIVATE gRPC::grpc++ protobuf::libprotobuf absl::status
                        absl::statusor absl::strings absl::synchronization absl::time
                        GTest::gmock GTest::gtest)
  target_precompile_headers(civitas_test_pch PRIVATE ${CIVITAS_PCH_TEST_HEADERS})
endif()

# civitas_use_pch(<target> [TEST]): the target compiles with the shared precompiled header (the
# test one with TEST).
function(civitas_use_pch target)
  if(NOT CIVITAS_PCH)
    return()
  endif()
  cmake_parse_arguments(P "TEST" "" "" ${ARGN})
  if(P_TEST)
    target_precompile_headers(${target} REUSE_FROM civitas_test_pch)
  else()
    target_precompile_headers(${target} REUSE_FROM civitas_pch)
  endif()
endfunction()

# Gives every C++ library and executable defined under `dir` (recursively) that has no
# precompiled header yet the production one, so that new services and libraries get it without
# a line of their own. The generated-code library is left out: it is shared (-fPIC), compiled with
# -w, and includes only what protoc writes.
function(civitas_apply_pch dir)
  if(NOT CIVITAS_PCH)
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    get_target_property(pch ${t} PRECOMPILE_HEADERS_REUSE_FROM)
    if(t MATCHES "^civitas_(test_)?pch$" OR t STREQUAL "civitas_protos" OR pch)
      continue()
    endif()
    if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "EXECUTABLE")
      civitas_use_pch(${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(d IN LISTS subdirs)
    civitas_apply_pch(${d})
  endforeach()
endfunction()
