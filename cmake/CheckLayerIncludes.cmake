# cmake -DLAYER=domain|api -DFILES=<file|file...> -P CheckLayerIncludes.cmake: fails naming each
# #include a layer of a service may not have (cmake/CivitasLayers.cmake):
#   domain  a header that does I/O (a store, Redis, a peer client, the server, event streams,
#           metrics): domain/ holds decisions only; reads and writes belong in app/
#   api     a header of a service's domain/: api/ calls the use cases of app/, which ask domain/
if(LAYER STREQUAL "api")
  set(forbidden "services/[a-z0-9]+/domain/")
  set(why "an api/ file includes a domain/ header (api/ calls app/, which asks domain/)")
else()
  set(forbidden
      "libs/store/(document_store|redis_document_store|in_memory_document_store|outbox_event)\\.h"
      "libs/redis/" "libs/records/(record_service|read_record)\\.h" "libs/clients/" "libs/server/"
      "libs/events/" "libs/metrics/" "libs/http2/" "hiredis" "grpcpp/")
  set(why "a domain/ file includes a header that does I/O (domain/ holds decisions only; reads "
          "and writes belong in app/)")
  string(CONCAT why ${why})
endif()
string(REPLACE "|" ";" FILES "${FILES}")
set(problems "")
foreach(file IN LISTS FILES)
  file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    foreach(pattern IN LISTS forbidden)
      if(line MATCHES "[\"<][^\">]*${pattern}")
        string(APPEND problems "\n  ${file}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "${why}:${problems}")
endif()
