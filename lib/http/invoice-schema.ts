import * as z from 'zod';
import { named } from './components';
import { text } from './schema-parts';

export const invoiceSchema = named(
  'Invoice',
  z
    .strictObject({
      payerType: z.enum(['personal', 'company']),
      payerName: text(128),
      phone: text(32).optional().describe('Required by Zhixiao on every invoice (422 provider_rule without it).'),
      taxNumber: text(32).optional().describe('Required for a company.'),
      address: text(256).optional(),
      bank: text(256).optional(),
      memo: text(256).optional(),
      email: z.email().max(254).optional(),
    })
    .refine((i) => i.payerType !== 'company' || i.taxNumber, {
      path: ['taxNumber'],
      message: 'taxNumber is required for a company invoice',
    })
    .describe('Zhixiao invoice data (2.8): sent as `piaoju` at create, or on its own to the invoice route.'),
);
