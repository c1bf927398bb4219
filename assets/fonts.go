package assets

import _ "embed"

// FontRegular is Noto Sans CJK SC Regular (single-face OpenType, CFF
// outlines), the user-interface font. It covers Latin, full-width
// punctuation and rare name characters such as 喆 堃 玥 䶮 𠮷.
//
//go:embed fonts/NotoSansCJKsc-Regular.otf
var FontRegular []byte

// FontBold is Noto Sans CJK SC Bold, the bold user-interface font.
//
//go:embed fonts/NotoSansCJKsc-Bold.otf
var FontBold []byte

// FontPDF is WenQuanYi Micro Hei (TrueType outlines), for PDF documents.
// It lacks 䶮 (U+4DAE) and 𠮷 (U+20BB7).
//
//go:embed fonts/wqy-microhei.ttf
var FontPDF []byte
