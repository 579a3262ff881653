// A real dynamic import(), for an ES-module-only package (maildev). Loaded through Node's own require
// (see mail-catcher.ts): jest's sandboxed module system cannot load ES modules without
// --experimental-vm-modules, and swc would compile an import() in TypeScript into a require().
module.exports = (id) => import(id);
