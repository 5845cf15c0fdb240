# cmake -DPROGRAM=... -DFORMAT=man|bash -DOUT=FILE -P run_help_format.cmake: run PROGRAM
# --help-format=FORMAT and write its output to OUT (fails the build when the program fails).
execute_process(COMMAND ${PROGRAM} --help-format=${FORMAT} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${PROGRAM} --help-format=${FORMAT} failed: ${rc}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
