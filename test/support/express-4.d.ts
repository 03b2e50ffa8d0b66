/**
 * `express-4` is the devDependency alias of Express 4 (`npm:express@^4`), installed so the Express adapter's tests
 * run against both majors its peer range names. It has no types of its own; Express 5's (`@types/express`) describe
 * what the tests use of it.
 */
declare module 'express-4' {
  import express = require('express');
  export = express;
}
