import { defineArea } from '../define'

/** The words of payments: every settlement's legs (English, then Spanish). */
export default defineArea(
  {
    title: 'Payments',
    typeFilter: 'Type',
    search: 'Search: LP, payee or payment hash',
    machine: 'Machine',
    totals: 'no payment | one payment | {n} payments',
    sums: '{count} · {sats}',
    statusFilter: 'Status',
    allTypes: 'All types',
    all: 'All',
    clear: 'Clear',
    column: {
      when: 'Planned',
      type: 'Type',
      to: 'To',
      destination: 'Destination',
      sats: 'Sats',
      fiat: 'Fiat',
      status: 'Status',
      problem: 'Problem',
    },
    empty: {
      title: 'No payments',
      text: "Each settlement's legs show up here once it is processed.",
    },
  },
  {
    title: 'Pagos',
    typeFilter: 'Tipo',
    search: 'Buscar: proveedor, destinatario o hash de pago',
    machine: 'Cajero',
    totals: 'ningún pago | un pago | {n} pagos',
    sums: '{count} · {sats}',
    statusFilter: 'Estado',
    allTypes: 'Todos los tipos',
    all: 'Todos',
    clear: 'Quitar filtros',
    column: {
      when: 'Planificado',
      type: 'Tipo',
      to: 'Para',
      destination: 'Destino',
      sats: 'Sats',
      fiat: 'Moneda local',
      status: 'Estado',
      problem: 'Problema',
    },
    empty: {
      title: 'No hay pagos',
      text: 'Los tramos de cada liquidación aparecen aquí cuando se procesa.',
    },
  },
)
