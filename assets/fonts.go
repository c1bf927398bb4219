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

// FontPDFExtA and FontPDFExtB are the PDF's fallback faces for the CJK
// Unified Ideographs Extension A (U+3400–4DBF) and B (U+20000–2A6DF), which
// WenQuanYi lacks and GB 18030 requires: subsets of HanaMinA and HanaMinB
// (fonts-hanazono) with only those blocks, gzip-compressed, made by
// fonts/hanazono-subset.sh. They are inflated only when a document needs
// them (docs/adr/0019).
//
//go:embed fonts/hanamin-exta.ttf.gz
var FontPDFExtA []byte

//go:embed fonts/hanamin-extb.ttf.gz
var FontPDFExtB []byte
