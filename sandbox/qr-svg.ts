import qrcode from 'qrcode-generator';

/**
 * `text` as a QR code in an inline SVG (error correction M, a four-module quiet zone), sized by CSS; undefined when
 * the text is too long for any QR code. Drawn on the server: no canvas, no network.
 */
export const qrSvg = (text: string): string | undefined => {
  const qr = qrcode(0, 'M');
  // The library takes one byte per character: give it the UTF-8 bytes as such characters, so any text round-trips.
  qr.addData(Buffer.from(text, 'utf8').toString('latin1'), 'Byte');
  try {
    qr.make();
  } catch {
    return undefined;
  }
  return qr.createSvgTag({ cellSize: 4, margin: 16, scalable: true });
};
