// The value types, and the document content and text encodings the format
// readers give, are part of the evidence API: `import Evidence` brings them.
@_exported import EvidenceValues

@_exported import struct EvidenceFormats.DocumentContent
@_exported import enum EvidenceFormats.TextEncoding
