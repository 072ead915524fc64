import * as z from '../zod';
import { named } from './components';
import { described, text } from './schema-parts';

export const invoiceSchema = named(
  'Invoice',
  described(
    'Zhixiao invoice data (2.8): sent as `piaoju` at create, or on its own to the invoice route.',
    z
      .strictObject({
        payerType: z.enum(['personal', 'company']),
        payerName: text(128),
        phone: described('Required by Zhixiao on every invoice (422 provider_rule without it).', z.optional(text(32))),
        taxNumber: described('Required for a company.', z.optional(text(32))),
        address: z.optional(text(256)),
        bank: z.optional(text(256)),
        memo: z.optional(text(256)),
        email: z.optional(z.email().check(z.maxLength(254))),
      })
      .check(
        z.refine((i) => i.payerType !== 'company' || i.taxNumber, {
          path: ['taxNumber'],
          message: 'taxNumber is required for a company invoice',
        }),
      ),
  ),
);
