// Legacy, kept at this exact path for state written before mytpe-links 1.0. That state stores as
// each link's `__provider` a small text that walks up from the working directory to
// provider/payment-link-shim.cjs and calls its `handler()`; `read` (refresh) and `delete` (destroy)
// run that stored text until the next `up` moves every link to the versioned text
// (`require("mytpe-links/provider/v1")`, see src/program/payment-link.ts). Nothing else loads it.
"use strict";
module.exports = require("mytpe-links/provider/v1");
