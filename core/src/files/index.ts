// Files (docs/protocol.md §15): names, generate-upload-url, the upload form, the file message, list, download,
// delete and the encrypted-file layouts.
export * from './file-cipher-format.js';
export * from './file-names.js';
export * from './file-resource.js';
export * from './generate-upload-url.js';
export * from './list-files.js';
export * from './publish-file.js';
export * from './upload-form.js';
