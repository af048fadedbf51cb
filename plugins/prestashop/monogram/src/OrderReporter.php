<?php
/**
 * Reports a placed order to Monogram; never throws, and keeps what it could not send for retry.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class OrderReporter
{
    public function __construct(
        private readonly OrderPayload $payloads,
        private readonly MonogramApi $client,
        private readonly ReportQueue $queue,
        private readonly ReportedOrders $reported,
        private readonly Logger $logger,
    ) {
    }

    /** Called from actionValidateOrder, inside the checkout. */
    public function report(
        \Order $order,
        ?\Customer $customer,
        ?\Currency $currency,
        ?\Address $invoiceAddress,
        int $now,
    ): ReportOutcome
    {
        $idOrder = (int) $order->id;
        try {
            $payload = $this->payloads->build($order, $customer, $currency, $invoiceAddress);
        } catch (\Throwable $e) {
            $this->logger->error('could not read the order for Monogram: ' . $e->getMessage(), $idOrder);

            return new ReportOutcome(ReportOutcome::ERROR, [], null, $e->getMessage());
        }
        if (!OrderPayload::isPersonalised($payload)) {
            return new ReportOutcome(ReportOutcome::SKIPPED, $payload);
        }

        return $this->send($idOrder, $payload, $now);
    }

    /**
     * One attempt: on success the answer is kept for the back office; on failure the payload
     * goes to the retry queue, which decides between retrying later and keeping it as failed.
     *
     * @param array<string, mixed> $payload
     */
    public function send(int $idOrder, array $payload, int $now): ReportOutcome
    {
        try {
            $result = $this->client->postOrder($payload, 'prestashop-' . $idOrder);
        } catch (\Throwable $e) {
            $result = ApiResult::fromTransportError($e->getMessage());
        }

        try {
            if ($result->isDone()) {
                $this->reported->save($idOrder, $result, $now);
                $this->queue->forget($idOrder);

                return new ReportOutcome(ReportOutcome::DONE, $payload, $result);
            }
            $state = $this->queue->recordFailure($idOrder, $payload, $result, $now);
            $this->logger->warning(sprintf('order report %s: %s', $state, $result->error), $idOrder);

            return new ReportOutcome($state, $payload, $result);
        } catch (\Throwable $e) {
            $this->logger->error('could not record the Monogram report: ' . $e->getMessage(), $idOrder);

            return new ReportOutcome(ReportOutcome::ERROR, $payload, $result, $e->getMessage());
        }
    }
}
