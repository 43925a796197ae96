import { LightningElement, api } from 'lwc';
import getEmbedUrl from '@salesforce/apex/ScorecardEmbedController.getEmbedUrl';

const DEFAULT_HEIGHT = 720;

/**
 * Hosts the scorecard's web view in an iframe. Apex asks the service for an embed session (a
 * single-use ticket, valid 60 s, in the URL's fragment); the web view trades it for a bearer
 * token it keeps in memory. A new ticket is fetched each time the component connects.
 */
export default class SellerScorecard extends LightningElement {
    @api recordId;
    @api objectApiName;
    @api height = DEFAULT_HEIGHT;

    src;
    error;
    loading = true;

    connectedCallback() {
        this.load();
    }

    async load() {
        this.loading = true;
        this.error = undefined;
        this.src = undefined;
        try {
            this.src = await getEmbedUrl({ recordId: this.recordId ?? null, objectApiName: this.recordId ? this.objectApiName : null });
        } catch (e) {
            this.error = (e && e.body && e.body.message) || 'The scorecard could not be loaded.';
        } finally {
            this.loading = false;
        }
    }

    handleRetry() {
        this.load();
    }

    get frameStyle() {
        const h = Number(this.height);
        const px = Number.isFinite(h) && h >= 320 && h <= 2000 ? Math.round(h) : DEFAULT_HEIGHT;
        return `border:0;display:block;width:100%;height:${px}px`;
    }
}
