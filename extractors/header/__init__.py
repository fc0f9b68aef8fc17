"""The official-document header (issuer, số/ký hiệu, place and date, type, trích yếu, signer) of a `Document`."""
