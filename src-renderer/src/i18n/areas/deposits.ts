import { defineArea } from '../define'

/** The words of deposits (English, then Spanish). */
export default defineArea(
  {
    title: 'Deposits',
    add: 'Record deposit',
    filterAll: 'All',
    reverse: 'Reverse',
    empty: {
      title: 'No deposits',
      noLp: 'Add an onboarded LP first.',
      text: 'Record the fiat an LP hands you; confirm it once it is in the cassettes.',
    },
    column: {
      created: 'Recorded',
      lp: 'LP',
      machine: 'Machine',
      amount: 'Amount',
      note: 'Note',
      status: 'Status',
    },
    form: {
      title: 'Record a deposit',
      subtitle: "The amount is in the LP's machine currency. It counts once you confirm it.",
      submit: 'Record',
      lp: 'LP *',
      amount: 'Amount *',
      note: 'Note',
      required: 'is required',
    },
    amount: {
      refused: 'Amount {reason}.',
      format: 'must be an amount such as {example}',
      decimals: '{code} has no decimals | {code} has at most one decimal | {code} has at most {n} decimals',
      too_large: 'is too large',
      range: 'is out of range',
    },
    recorded: 'Deposit recorded (pending).',
    reverseForm: {
      title: 'Reverse the deposit of {amount}?',
      why: 'Why *',
      done: "Deposit reversed: it no longer counts towards the LP's balance.",
    },
    remove: { title: 'Delete this pending deposit?' },
  },
  {
    title: 'Depósitos',
    add: 'Registrar depósito',
    filterAll: 'Todos',
    reverse: 'Revertir',
    empty: {
      title: 'No hay depósitos',
      noLp: 'Primero agregue un proveedor con destino de pago verificado.',
      text: 'Registre el efectivo que le entrega un proveedor; confírmelo cuando ya esté en los casetes.',
    },
    column: {
      created: 'Registrado',
      lp: 'Proveedor',
      machine: 'Cajero',
      amount: 'Monto',
      note: 'Nota',
      status: 'Estado',
    },
    form: {
      title: 'Registrar un depósito',
      subtitle: 'El monto está en la moneda del cajero del proveedor. Cuenta una vez que usted lo confirme.',
      submit: 'Registrar',
      lp: 'Proveedor *',
      amount: 'Monto *',
      note: 'Nota',
      required: 'es un dato obligatorio',
    },
    amount: {
      refused: 'Monto: {reason}.',
      format: 'debe ser un monto como {example}',
      decimals: '{code} no tiene decimales | {code} admite como máximo un decimal | {code} admite como máximo {n} decimales',
      too_large: 'es demasiado grande',
      range: 'está fuera del rango permitido',
    },
    recorded: 'Depósito registrado (pendiente).',
    reverseForm: {
      title: '¿Revertir el depósito de {amount}?',
      why: 'Motivo *',
      done: 'Depósito revertido: ya no cuenta en el saldo del proveedor.',
    },
    remove: { title: '¿Eliminar este depósito pendiente?' },
  },
)
