// Preloaded by FrontendUnitTest (`node --import ./src/test/frontend/ts-imports.ts --test ...`). The frontend sources
// import each other the way the Vaadin (Vite) build resolves them, as './label-model.js' or './label-model'; Node
// resolves neither to label-model.ts. This hook retries such a relative import with the .ts file, so the tests can
// import the production modules unchanged.
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if ((specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL?.endsWith('.ts')) {
      const ts = new URL(specifier.replace(/\.js$/, '') + '.ts', context.parentURL);
      if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(fileURLToPath(ts))) {
        return nextResolve(ts.href, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
