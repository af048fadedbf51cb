<?php
/**
 * GET ?quote=quo_…&token=…: the link of an accepted Monogram quote. Puts the quoted design in
 * the cart at the quoted price (QuoteCartLink) and opens the cart, saying plainly what happened.
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

use Monogram\PrestaShop\MinorUnits;
use Monogram\PrestaShop\QuoteCartLink;

class MonogramQuoteModuleFrontController extends ModuleFrontController
{
    /** @var Monogram */
    public $module;

    public function postProcess(): void
    {
        header('Cache-Control: no-store');
        header('Referrer-Policy: no-referrer');
        $filled = $this->module->quoteCartLink()->fill(
            (string) Tools::getValue('quote', ''),
            (string) Tools::getValue('token', ''),
            fn (): Cart => $this->cart(),
            time()
        );
        $number = htmlspecialchars($filled['number'], ENT_QUOTES, 'UTF-8');
        switch ($filled['outcome']) {
            case QuoteCartLink::ADDED:
                $this->success[] = sprintf($this->module->l('Quote %s is in your cart at the agreed price.', 'quote'), $number);
                foreach ($filled['adjustments'] as $adjustment) {
                    $this->info[] = sprintf(
                        $this->module->l('%s (%s %s) will be invoiced with your order by the shop.', 'quote'),
                        htmlspecialchars($adjustment['label'], ENT_QUOTES, 'UTF-8'),
                        number_format(MinorUnits::toDecimal($adjustment['amount'], $filled['currency']), MinorUnits::exponent($filled['currency']), '.', ' '),
                        htmlspecialchars($filled['currency'], ENT_QUOTES, 'UTF-8')
                    );
                }
                break;
            case QuoteCartLink::CLOSED:
                $this->errors[] = $this->module->l('This quote can no longer be ordered: it has expired, was withdrawn or was already ordered. Ask the shop for a new quote.', 'quote');
                break;
            case QuoteCartLink::NOT_SOLD:
                $this->errors[] = $this->module->l('This quote is for a product this shop no longer sells. Please contact the shop.', 'quote');
                break;
            case QuoteCartLink::REFUSED:
                $this->errors[] = $this->module->l('The quoted quantity could not be added to your cart (stock or minimum quantity). Please contact the shop.', 'quote');
                break;
            case QuoteCartLink::UNAVAILABLE:
                $this->errors[] = $this->module->l('Your quote could not be loaded just now. Please try the link again in a few minutes.', 'quote');
                break;
            default:
                $this->errors[] = $this->module->l('This quote link is not valid. Please use the link from your quote e-mail.', 'quote');
        }
        $this->redirectWithNotifications($this->context->link->getPageLink('cart', null, null, ['action' => 'show']));
    }

    /** A first-time visitor has no saved cart yet: make one, as the cart controller would. */
    private function cart(): Cart
    {
        $cart = $this->context->cart;
        if (!$cart->id) {
            if ($this->context->cookie->id_guest) {
                $guest = new Guest((int) $this->context->cookie->id_guest);
                $cart->mobile_theme = $guest->mobile_theme;
            }
            $cart->add();
            if ($cart->id) {
                $this->context->cookie->id_cart = (int) $cart->id;
                $this->context->cookie->write();
            }
        }

        return $cart;
    }
}
