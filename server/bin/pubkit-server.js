#!/usr/bin/env node
// Kept outside dist/ so npm links the bin at install time, before the first build.
import '../dist/cli.js';
