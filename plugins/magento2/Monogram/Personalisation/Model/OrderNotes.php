<?php

/**
 * Writes Monogram's news onto the order's history (admin order view, and the customer's account
 * when visible on front), each piece of news once.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;

class OrderNotes
{
    public function __construct(private readonly OrderRepositoryInterface $orders)
    {
    }

    /**
     * Adds the comment unless one with the same reference is already there (webhooks are
     * redelivered; a retried report sees the same flags). Returns false for such a duplicate.
     */
    public function add(
        OrderInterface|int $order,
        string $comment,
        string $reference,
        bool $visibleOnFront = false
    ): bool {
        if (is_int($order)) {
            $order = $this->orders->get($order);
        }
        if ($this->has($order, $reference)) {
            return false;
        }
        $order->addCommentToStatusHistory($comment . ' [' . $reference . ']', false, $visibleOnFront);
        $this->orders->save($order);
        return true;
    }

    /** Whether a comment with this reference is already on the order. */
    public function has(OrderInterface $order, string $reference): bool
    {
        $marker = '[' . $reference . ']';
        foreach ((array) $order->getStatusHistories() as $history) {
            if (str_contains((string) $history->getComment(), $marker)) {
                return true;
            }
        }
        return false;
    }
}
