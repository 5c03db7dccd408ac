import { describe, expect, it } from 'vitest';
import { visualizerDocument } from './render';

describe('visualizerDocument', () => {
  it('renders values escaped, raw values, each/if blocks and hands the data to pm.getData', () => {
    const tpl =
      '<h1>{{title}}</h1>{{{raw}}}<ul>{{#each rows}}<li>{{@index}}:{{this.name}}</li>{{else}}none{{/each}}</ul>{{#if flag}}yes{{else}}no{{/if}}';
    const doc = visualizerDocument(
      tpl,
      JSON.stringify({ title: '<b>', raw: '<i>r</i>', rows: [{ name: 'a' }, { name: 'b' }], flag: false }),
    );
    expect(doc).toContain('<h1>&lt;b&gt;</h1><i>r</i><ul><li>0:a</li><li>1:b</li></ul>no');
    expect(doc).toContain('pm={getData:function(cb){cb(null,{"title":"\\u003cb>"');
  });

  it('cannot be broken out of its data script, and survives bad data', () => {
    const doc = visualizerDocument('{{x}}', JSON.stringify({ x: '</script><script>alert(1)</script>' }));
    expect(doc.match(/<\/script>/g)).toHaveLength(1);
    expect(visualizerDocument('<p>{{missing.deep}}</p>', 'not json')).toContain('<p></p>');
  });
});
