// Part of `npm run build`: bundles the compiled workflows once (lib/workflow-bundle.js), so the worker starts without
// running webpack and without the memory webpack leaves behind (about 120 MB per worker process).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { bundleWorkflowCode, DefaultLogger } = require('@temporalio/worker');

const lib = path.resolve(__dirname, '..', 'lib');

bundleWorkflowCode({ workflowsPath: path.join(lib, 'workflows', 'index.js'), logger: new DefaultLogger('WARN') })
  .then(({ code }) => {
    const partial = path.join(lib, `workflow-bundle.js.partial-${process.pid}`);
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, path.join(lib, 'workflow-bundle.js'));
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
