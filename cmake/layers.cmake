# bwv_target_warnings(TARGET): the project's warning set on one target.
function(bwv_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# add_layer(NAME SOURCES a.cpp ... DEPS lib ... [PRIVATE_DEPS lib ...])
# One static library per layer; sources under src/ include as "layer/file.hpp".
function(add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  bwv_target_warnings(${name})
endfunction()
