# Layers enforced by the build. A service's domain/ holds its rules and decisions and does no
# I/O: its libraries may link only what is pure (the protos, Abseil, libs/common, libs/aip,
# libs/auth's principal, the records core, libs/xml), and its files may include no store, Redis,
# peer-client, server or event header. A service's api/ may include nothing of its domain/ (it
# calls app/). civitas_check_domain_layer(<dir>) checks every library
# defined in <dir>: what it links when CMake configures (a forbidden library stops the
# configure, naming the chain), what its files include when it builds (a forbidden include
# fails the build, naming file and line: cmake/CheckLayerIncludes.cmake).

set(CIVITAS_DOMAIN_FORBIDDEN_LINKS
    civitas_store civitas_redis civitas_records civitas_events civitas_clients civitas_server
    civitas_metrics civitas_http2 civitas_testing PkgConfig::HIREDIS)

# The link closure of `target` (project targets and imported ones), as `a -> b -> c` chains.
function(civitas_link_chains target chain out_var)
  set(result ${${out_var}})
  foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(libs ${target} ${property})
    if(NOT libs)
      continue()
    endif()
    foreach(lib IN LISTS libs)
      if(lib MATCHES "^\\$<" OR NOT TARGET ${lib})
        continue()
      endif()
      set(next "${chain} -> ${lib}")
      if(NOT "${next}" IN_LIST result AND NOT lib IN_LIST visited_${out_var})
        list(APPEND visited_${out_var} ${lib})
        set(visited_${out_var} ${visited_${out_var}} PARENT_SCOPE)
        list(APPEND result "${next}")
        civitas_link_chains(${lib} "${next}" result)
      endif()
    endforeach()
  endforeach()
  set(${out_var} ${result} PARENT_SCOPE)
endfunction()

# Adds a build step to `target` that fails when a file of `files` includes what `layer` (domain,
# api) may not.
function(civitas_check_layer_includes target layer files)
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.layer_checked)
  # One argument: the files separated by | (a ; would split the command).
  string(REPLACE ";" "|" files_argument "${files}")
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DLAYER=${layer} "-DFILES=${files_argument}"
            -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayerIncludes.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/CheckLayerIncludes.cmake
    COMMENT "layers: ${target} (${layer}/) includes what its layer may"
    VERBATIM)
  add_custom_target(${target}_layer_check DEPENDS ${stamp})
  add_dependencies(${target} ${target}_layer_check)
endfunction()

# api/ may not include domain/ headers.
function(civitas_check_api_layer dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.h ${dir}/*.cc)
  foreach(t IN LISTS targets)
    civitas_check_layer_includes(${t} api "${files}")
  endforeach()
endfunction()

function(civitas_check_domain_layer dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.h ${dir}/*.cc)
  foreach(t IN LISTS targets)
    set(chains)
    set(visited_chains)
    civitas_link_chains(${t} ${t} chains)
    foreach(chain IN LISTS chains)
      foreach(forbidden IN LISTS CIVITAS_DOMAIN_FORBIDDEN_LINKS)
        if(chain MATCHES " -> ${forbidden}$")
          message(FATAL_ERROR "${t} is a domain/ library and may do no I/O, but links ${forbidden}: "
                              "${chain}. Move what needs it to app/ (see services/README.md).")
        endif()
      endforeach()
    endforeach()
    civitas_check_layer_includes(${t} domain "${files}")
  endforeach()
endfunction()

# Collections and states named by type: a build step of every library defined in `dir` (a
# service's app/ or domain/) fails naming each string literal that spells a collection or a state
# of the protos (cmake/check_typed_names.py).
function(civitas_check_typed_names dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.h ${dir}/*.cc)
  file(GLOB_RECURSE protos CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/protos/civitas/*.proto)
  foreach(t IN LISTS targets)
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${t}.names_checked)
    add_custom_command(
      OUTPUT ${stamp}
      COMMAND python3 ${PROJECT_SOURCE_DIR}/cmake/check_typed_names.py
              ${PROJECT_SOURCE_DIR}/protos ${stamp} ${files}
      DEPENDS ${files} ${protos} ${PROJECT_SOURCE_DIR}/cmake/check_typed_names.py
      COMMENT "names: ${t} names collections and states by type"
      VERBATIM)
    add_custom_target(${t}_names_check DEPENDS ${stamp})
    add_dependencies(${t} ${t}_names_check)
  endforeach()
endfunction()
