# cmake -DIN=<file> -DOUT=<c file> -DNAME=<symbol> -P embed.cmake
# Writes a C file defining `const char NAME[]` (the bytes plus a terminating NUL) and
# `const size_t NAME_size` (the byte count without the NUL). Builds the WSDL into mktows-server.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
  "/* Generated at build time by src/server/embed.cmake from ${IN_NAME}: do not edit. */\n"
  "#include <stddef.h>\n"
  "const char ${NAME}[] = {\n${bytes}0x00 };\n"
  "const size_t ${NAME}_size = ${size};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
