// Writes small, valid .docx files for the DOCX parser tests: the WordprocessingML parts Word itself
// writes (content types, relationships, document, styles, core properties), zipped with fflate.
import { strToU8, zipSync } from 'fflate';

export interface DocxParagraph {
  text: string;
  /** A heading level (Word's "Heading 1" … styles), or none for body text. */
  heading?: 1 | 2;
  /** Lines inside the paragraph separated by soft line breaks (Shift+Enter). */
  breaks?: boolean;
}

export interface DocxSpec {
  title?: string;
  creator?: string;
  paragraphs: DocxParagraph[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

function paragraph(p: DocxParagraph): string {
  const style = p.heading ? `<w:pPr><w:pStyle w:val="Heading${p.heading}"/></w:pPr>` : '';
  const lines = p.breaks ? p.text.split('\n') : [p.text];
  const runs = lines.map(
    (l, i) => `${i > 0 ? '<w:r><w:br/></w:r>' : ''}<w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r>`,
  );
  return `<w:p>${style}${runs.join('')}</w:p>`;
}

export function makeDocx(spec: DocxSpec): Uint8Array {
  const styles = [1, 2]
    .map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`)
    .join('');
  const core =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties ` +
    `xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    (spec.title ? `<dc:title>${esc(spec.title)}</dc:title>` : '') +
    (spec.creator ? `<dc:creator>${esc(spec.creator)}</dc:creator>` : '') +
    `<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T10:00:00Z</dcterms:created></cp:coreProperties>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${XML_DECL}<Types xmlns="${PKG}/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/word/document.xml" ` +
        `ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        `<Override PartName="/word/styles.xml" ` +
        `ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
        `<Override PartName="/docProps/core.xml" ` +
        `ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
        `</Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML_DECL}<Relationships xmlns="${PKG}/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
        `<Relationship Id="rId2" ` +
        `Type="${PKG}/relationships/metadata/core-properties" ` +
        `Target="docProps/core.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `${XML_DECL}<Relationships xmlns="${PKG}/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'word/styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">${styles}</w:styles>`),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>` +
        spec.paragraphs.map(paragraph).join('') +
        `</w:body></w:document>`,
    ),
    'docProps/core.xml': strToU8(core),
  });
}
