# cmake -DFILES=<file|file...> -P CheckDomainIncludes.cmake: fails naming each #include of a header
# that does I/O (a store, Redis, a peer client, the server, event streams, metrics) in a service's
# domain/ files (cmake/CivitasLayers.cmake).
set(forbidden
    "libs/store/(document_store|redis_document_store|in_memory_document_store|outbox_event)\\.h"
    "libs/redis/" "libs/records/(record_service|read_record)\\.h" "libs/clients/" "libs/server/"
    "libs/events/" "libs/metrics/" "libs/http2/" "hiredis" "grpcpp/")
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
  message(FATAL_ERROR "a domain/ file includes a header that does I/O (domain/ holds decisions "
                      "only; reads and writes belong in app/):${problems}")
endif()
