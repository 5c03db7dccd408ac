// `@apiplay/core/formats`: the names of the formats core imports, without their code (a CLI lists them in its help
// at startup; the importers themselves load with the `@apiplay/core` barrel, when a command needs them).
export { importFormats, type TImportFormat } from './importers/types';
