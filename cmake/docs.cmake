# Man pages and bash completion, written at build time by the programs themselves from the option
# tables their --help prints (src/cli/help.h), so they cannot drift from it:
#   build/share/man/man1/mktows.1, mktows-server.1
#   build/share/bash-completion/completions/mktows, mktows-server
# installed to share/man/man1 and share/bash-completion/completions.
set(MKTOWS_MAN_DIR ${CMAKE_BINARY_DIR}/share/man/man1)
set(MKTOWS_COMPLETION_DIR ${CMAKE_BINARY_DIR}/share/bash-completion/completions)
set(MKTOWS_DOC_OUTPUTS)
foreach(program mktows mktows-server)
  if(TARGET ${program})
    add_custom_command(OUTPUT ${MKTOWS_MAN_DIR}/${program}.1 ${MKTOWS_COMPLETION_DIR}/${program}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${MKTOWS_MAN_DIR} ${MKTOWS_COMPLETION_DIR}
      COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DFORMAT=man -DOUT=${MKTOWS_MAN_DIR}/${program}.1
              -P ${PROJECT_SOURCE_DIR}/cmake/run_help_format.cmake
      COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DFORMAT=bash -DOUT=${MKTOWS_COMPLETION_DIR}/${program}
              -P ${PROJECT_SOURCE_DIR}/cmake/run_help_format.cmake
      DEPENDS ${program} ${PROJECT_SOURCE_DIR}/cmake/run_help_format.cmake
      COMMENT "Writing the man page and bash completion of ${program} from its option tables"
      VERBATIM)
    list(APPEND MKTOWS_DOC_OUTPUTS ${MKTOWS_MAN_DIR}/${program}.1 ${MKTOWS_COMPLETION_DIR}/${program})
    install(FILES ${MKTOWS_MAN_DIR}/${program}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES ${MKTOWS_COMPLETION_DIR}/${program} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  endif()
endforeach()
add_custom_target(mktows_docs ALL DEPENDS ${MKTOWS_DOC_OUTPUTS})
