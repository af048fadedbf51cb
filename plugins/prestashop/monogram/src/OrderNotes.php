<?php
/**
 * Private messages on a PrestaShop order (its customer thread), shown on the back-office order page.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

class OrderNotes
{
    public function exists(int $idOrder): bool
    {
        return $idOrder > 0 && \Validate::isLoadedObject(new \Order($idOrder));
    }

    /** A private message: the merchant sees it, the customer does not. */
    public function add(int $idOrder, string $text): bool
    {
        $order = new \Order($idOrder);
        if (!\Validate::isLoadedObject($order)) {
            return false;
        }
        $customer = new \Customer((int) $order->id_customer);

        $idThread = (int) \CustomerThread::getIdCustomerThreadByEmailAndIdOrder(
            (string) $customer->email,
            (int) $order->id
        );
        if ($idThread === 0) {
            $thread = new \CustomerThread();
            $thread->id_contact = 0;
            $thread->id_customer = (int) $order->id_customer;
            $thread->id_shop = (int) $order->id_shop;
            $thread->id_order = (int) $order->id;
            $thread->id_lang = (int) $order->id_lang;
            $thread->email = (string) $customer->email;
            $thread->status = 'open';
            $thread->token = \Tools::passwdGen(12);
            if (!$thread->add()) {
                return false;
            }
            $idThread = (int) $thread->id;
        }

        $message = new \CustomerMessage();
        $message->id_customer_thread = $idThread;
        $message->id_employee = 0;
        $message->message = mb_substr($text, 0, 1600);
        $message->private = 1;

        return (bool) $message->add();
    }
}
