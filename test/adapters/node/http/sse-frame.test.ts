/** SSE framing: the exact bytes an `EventSource` reads, and no way for a value to inject a field. */
import { sseComment, sseEvent } from '@pubkit/node/http';
import { expect } from 'chai';

describe('node/http: sseEvent / sseComment', () => {
  it('writes event, id and one data line of JSON', () => {
    expect(sseEvent('message', '17000000000000001', { a: 1 })).to.equal(
      'event: message\nid: 17000000000000001\ndata: {"a":1}\n\n',
    );
  });

  it('writes no id line at all without an id (an empty id would reset the browser resume point)', () => {
    expect(sseEvent('failure', undefined, 'x')).to.equal('event: failure\ndata: "x"\n\n');
  });

  it('keeps line breaks in names, ids and comments from starting a new field', () => {
    expect(sseEvent('a\nid: 9', '1\r\ndata: x', 0)).to.equal('event: a id: 9\nid: 1  data: x\ndata: 0\n\n');
    expect(sseComment('hi\n\nevent: x')).to.equal(': hi  event: x\n\n');
  });
});
