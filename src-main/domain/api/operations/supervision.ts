import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SupervisionView } from '../views.ts';

export const supervisionOperations = slice('supervision', {
  'supervision/overview': operation({
    summary: '超期、预警、督办与差评回访概况',
    input: noInput,
    access: ['supervisor'],
    writes: false,
    output: returns<SupervisionView>(),
  }),
});
