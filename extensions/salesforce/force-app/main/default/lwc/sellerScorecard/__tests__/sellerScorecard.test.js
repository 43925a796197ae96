import { createElement } from 'lwc';
import SellerScorecard from 'c/sellerScorecard';
import getEmbedUrl from '@salesforce/apex/ScorecardEmbedController.getEmbedUrl';

jest.mock('@salesforce/apex/ScorecardEmbedController.getEmbedUrl', () => ({ default: jest.fn() }), { virtual: true });

const URL = 'https://scorecard.example.com/embed/salesforce#ticket=Q2hlY2tlZC1vbmNlLXZhbGlkLTYwLXNlY29uZHMtb25seQ';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount(props) {
    const el = createElement('c-seller-scorecard', { is: SellerScorecard });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

describe('c-seller-scorecard', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('asks Apex for the record page’s embed URL and frames it at the configured height', async () => {
        getEmbedUrl.mockResolvedValue(URL);
        const el = mount({ recordId: '0035g00000Con001AA', objectApiName: 'Contact', height: 500 });
        await flush();
        expect(getEmbedUrl).toHaveBeenCalledWith({ recordId: '0035g00000Con001AA', objectApiName: 'Contact' });
        const frame = el.shadowRoot.querySelector('iframe');
        expect(frame.src).toBe(URL);
        expect(frame.getAttribute('style')).toContain('height:500px');
        expect(frame.getAttribute('style')).toContain('width:100%');
        expect(frame.title).toBe('Seller scorecard');
    });

    it('on an app page asks for the viewer’s own scorecard', async () => {
        getEmbedUrl.mockResolvedValue(URL);
        mount({});
        await flush();
        expect(getEmbedUrl).toHaveBeenCalledWith({ recordId: null, objectApiName: null });
    });

    it('keeps a height out of range at the default', async () => {
        getEmbedUrl.mockResolvedValue(URL);
        const el = mount({ recordId: '0055g00000AbCdCAAZ', objectApiName: 'User', height: 5 });
        await flush();
        expect(el.shadowRoot.querySelector('iframe').getAttribute('style')).toContain('height:720px');
    });

    it('shows the service’s refusal and tries again on request', async () => {
        getEmbedUrl.mockRejectedValueOnce({ body: { message: 'Balanced Scorecard is not connected yet: ask your admin to connect the org.' } });
        const el = mount({ recordId: '0055g00000AbCdCAAZ', objectApiName: 'User' });
        await flush();
        expect(el.shadowRoot.querySelector('iframe')).toBeNull();
        expect(el.shadowRoot.querySelector('[data-id="error"]').textContent).toMatch(/not connected yet/);
        getEmbedUrl.mockResolvedValueOnce(URL);
        el.shadowRoot.querySelector('[data-id="retry"]').click();
        await flush();
        expect(getEmbedUrl).toHaveBeenCalledTimes(2);
        expect(el.shadowRoot.querySelector('iframe').src).toBe(URL);
        expect(el.shadowRoot.querySelector('[data-id="error"]')).toBeNull();
    });
});
