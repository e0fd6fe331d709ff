/**
 * Ids of families and variants, as the API's `Id` schema allows them: lower-case letters,
 * digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** A valid id derived from a file name (`ResNet 50.onnx` → `resnet-50`); 'model' if nothing is left. */
export function idFromFileName(fileName: string): string {
  const id = fileName
    .replace(/\.onnx$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 63);
  return id === '' ? 'model' : id;
}
