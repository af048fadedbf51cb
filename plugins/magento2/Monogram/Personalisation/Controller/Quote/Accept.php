<?php

/**
 * GET /monogram/quote/accept?quote=quo_…&token=…: the link of an accepted Monogram quote. Puts
 * the quoted design in the cart at the quoted price (QuoteCartLink) and opens the cart, saying
 * plainly what happened.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Controller\Quote;

use Magento\Checkout\Model\Session as CheckoutSession;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Controller\Result\Redirect;
use Magento\Framework\Controller\Result\RedirectFactory;
use Magento\Framework\Message\ManagerInterface;
use Magento\Quote\Api\CartRepositoryInterface;
use Monogram\Personalisation\Model\MinorUnits;
use Monogram\Personalisation\Model\QuoteCartLink;
use Psr\Log\LoggerInterface;

class Accept implements HttpGetActionInterface
{
    public function __construct(
        private readonly RequestInterface $request,
        private readonly CheckoutSession $checkoutSession,
        private readonly CartRepositoryInterface $cartRepository,
        private readonly QuoteCartLink $quoteCartLink,
        private readonly RedirectFactory $redirectFactory,
        private readonly ManagerInterface $messages,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(): Redirect
    {
        try {
            $cart = $this->checkoutSession->getQuote();
            $filled = $this->quoteCartLink->fill(
                (string) $this->request->getParam('quote', ''),
                (string) $this->request->getParam('token', ''),
                $cart,
                $cart->getStoreId() !== null ? (int) $cart->getStoreId() : null
            );
            if ($filled['outcome'] === QuoteCartLink::ADDED) {
                $cart->collectTotals();
                $this->cartRepository->save($cart);
                $this->checkoutSession->setQuoteId($cart->getId());
            }
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: quote link failed: ' . $exception->getMessage());
            $filled = ['outcome' => QuoteCartLink::UNAVAILABLE, 'number' => '', 'adjustments' => [], 'currency' => ''];
        }
        $this->tell($filled);
        return $this->redirectFactory->create()->setPath('checkout/cart');
    }

    /** @param array{outcome: string, number: string, adjustments: list<array{label: string, amount: int}>, currency: string} $filled */
    private function tell(array $filled): void
    {
        switch ($filled['outcome']) {
            case QuoteCartLink::ADDED:
                $this->messages->addSuccessMessage((string) __('Quote %1 is in your cart at the agreed price.', $filled['number']));
                foreach ($filled['adjustments'] as $adjustment) {
                    $this->messages->addNoticeMessage((string) __(
                        '%1 (%2 %3) will be invoiced with your order by the shop.',
                        $adjustment['label'],
                        number_format(MinorUnits::toDecimal($adjustment['amount'], $filled['currency']), MinorUnits::exponent($filled['currency']), '.', ' '),
                        $filled['currency']
                    ));
                }
                return;
            case QuoteCartLink::CLOSED:
                $this->messages->addErrorMessage((string) __('This quote can no longer be ordered: it has expired, was withdrawn or was already ordered. Ask the shop for a new quote.'));
                return;
            case QuoteCartLink::NOT_SOLD:
                $this->messages->addErrorMessage((string) __('This quote is for a product this shop no longer sells. Please contact the shop.'));
                return;
            case QuoteCartLink::REFUSED:
                $this->messages->addErrorMessage((string) __('The quoted quantity could not be added to your cart (stock or minimum quantity). Please contact the shop.'));
                return;
            case QuoteCartLink::UNAVAILABLE:
                $this->messages->addErrorMessage((string) __('Your quote could not be loaded just now. Please try the link again in a few minutes.'));
                return;
            default:
                $this->messages->addErrorMessage((string) __('This quote link is not valid. Please use the link from your quote e-mail.'));
        }
    }
}
