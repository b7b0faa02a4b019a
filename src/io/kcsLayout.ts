import type { CsvLayout } from './CsvLayout.js';

/**
 * The layout of the KCS "Customs Import Declaration Datasets" CSV files as published: one row is a
 * single-line declaration, values are in KRW, and `Fraud` / `Critical Fraud` become the outcome label
 * kept beside the record (`label.fraud`, `label.critical`). Empty `Seller ID` / `Courier ID` mean absent.
 * The three procedure columns become `procedureCodes` in the order Process Type, Import Type, Import Use.
 */
export const kcsLayout: CsvLayout = {
  name: 'kcs',
  grouping: 'row',
  unmappedColumns: 'error',
  constants: { currency: 'KRW', 'line.lineNumber': '1' },
  columns: {
    id: 'Declaration ID',
    lodgedAt: 'Date',
    office: 'Office ID',
    'procedureCodes.0': 'Process Type',
    'procedureCodes.1': 'Import Type',
    'procedureCodes.2': 'Import Use',
    paymentTerms: 'Payment Type',
    transportMode: 'Mode of Transport',
    'declarant.id': 'Declarant ID',
    'importer.id': 'Importer ID',
    'seller.id': 'Seller ID',
    'attributes.courierId': 'Courier ID',
    'line.hsCode': 'HS6 Code',
    exportCountry: 'Country of Departure',
    'line.originCountry': 'Country of Origin',
    'line.dutyRate': 'Tax Rate',
    'line.preference': 'Tax Type',
    'line.attributes.originIndicator': 'Country of Origin Indicator',
    'line.netMassKg': 'Net Mass',
    'line.customsValue': 'Item Price',
    'label.fraud': 'Fraud',
    'label.critical': 'Critical Fraud',
  },
};
