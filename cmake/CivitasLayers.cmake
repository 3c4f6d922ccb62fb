# Layers enforced by the build. A service's domain/ holds its rules and decisions and does no
# I/O: its libraries may link only what is pure (the protos, Abseil, libs/common, libs/aip,
# libs/auth's principal, the records core, libs/xml), and its files may include no store, Redis,
# peer-client, server or event header. civitas_check_domain_layer(<dir>) checks every library
# defined in <dir>: what it links when CMake configures (a forbidden library stops the
# configure, naming the chain), what its files include when it builds (a forbidden include
# fails the build, naming file and line: cmake/CheckDomainIncludes.cmake).

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

function(civitas_check_domain_layer dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  file(GLOB files ${dir}/*.h ${dir}/*.cc)
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
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${t}.layer_checked)
    # One argument: the files separated by | (a ; would split the command).
    string(REPLACE ";" "|" files_argument "${files}")
    add_custom_command(
      OUTPUT ${stamp}
      COMMAND ${CMAKE_COMMAND} "-DFILES=${files_argument}"
              -P ${PROJECT_SOURCE_DIR}/cmake/CheckDomainIncludes.cmake
      COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
      DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/CheckDomainIncludes.cmake
      COMMENT "layers: ${t} includes no I/O"
      VERBATIM)
    add_custom_target(${t}_layer_check DEPENDS ${stamp})
    add_dependencies(${t} ${t}_layer_check)
  endforeach()
endfunction()
