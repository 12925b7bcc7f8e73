// Reads a QR code back from a PNG with maintained decoders (pngjs, jsQR), for the tests of the
// codes and of the contact sheet (not a test file itself).
import { readFileSync } from "node:fs";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsqr's types declare an ES default export while its code is CommonJS: under NodeNext the default
// import is the module object, whose `default` is the function.
const jsQR = (jsQRModule as unknown as { default: typeof import("jsqr").default }).default;

/** The text of the QR code in a PNG image, or undefined when none is found. */
export function decodePng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

export function decodePngFile(file: string): string | undefined {
  return decodePng(readFileSync(file));
}
