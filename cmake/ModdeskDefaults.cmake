# One INTERFACE target that every ModDesk target links: language level, warnings, strict Qt.
add_library(moddesk_defaults INTERFACE)
add_library(ModDesk::defaults ALIAS moddesk_defaults)

target_compile_features(moddesk_defaults INTERFACE cxx_std_20)
target_compile_options(moddesk_defaults INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual
                                  -Wold-style-cast -Wzero-as-null-pointer-constant>)
target_compile_definitions(moddesk_defaults INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_NO_KEYWORDS
  QT_STRICT_ITERATORS
  QT_DISABLE_DEPRECATED_UP_TO=0x060400)
