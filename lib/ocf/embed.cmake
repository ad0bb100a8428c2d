# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P embed.cmake
# Writes `extern const char SYMBOL[]; extern const unsigned long SYMBOL_size;` holding INPUT's bytes.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x..',){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by embed.cmake; do not edit.\n"
  "extern const char ${SYMBOL}[] = {\n${bytes}'\\0'};\n"
  "extern const unsigned long ${SYMBOL}_size = ${size};\n")
