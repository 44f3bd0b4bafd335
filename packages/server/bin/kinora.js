#!/usr/bin/env node
// The CLI is compiled by `npm install` (the root `prepare` script builds every package).
import '../dist/cli/index.js'
