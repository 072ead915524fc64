/** An invoice as the API takes it (`zhixiao.invoice`, `POST /v1/payments/{id}/invoice`). */
export interface InvoiceInput {
  payerType: 'personal' | 'company';
  payerName: string;
  phone?: string | undefined;
  taxNumber?: string | undefined;
  address?: string | undefined;
  bank?: string | undefined;
  memo?: string | undefined;
  email?: string | undefined;
}
